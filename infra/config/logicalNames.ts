/** Pulumi logical names that config values decide; validation checks they are unique before the program uses them. */

/** The Pulumi logical name of a secret the stack creates: its name with / and other symbols as -. */
export function secretResourceName(name: string): string {
    return `secret-${name.replace(/[^A-Za-z0-9-]/g, "-")}`;
}
