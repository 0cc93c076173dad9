package io.leadjobs.core;

/** Letter grade of a lead's score: A (best) to F. */
public enum Grade {
    A, B, C, D, E, F
}
