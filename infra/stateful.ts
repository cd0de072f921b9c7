/** How resources that hold data are kept from a mistaken change or `pulumi destroy`. */
export interface StatefulOptions {
    /** Pulumi refuses to delete the resource (replace or destroy) until the protection is lifted. */
    protect: boolean;
    /** If it is deleted from the stack after all, the AWS resource stays. */
    retainOnDelete: boolean;
}

/** Protection for stateful resources when the stack asks for it (production always does). */
export function statefulOptions(protect: boolean): StatefulOptions {
    return { protect, retainOnDelete: protect };
}
