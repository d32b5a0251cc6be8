/** Placeholder replaced below. */
export interface FactCorrection { at: string }
