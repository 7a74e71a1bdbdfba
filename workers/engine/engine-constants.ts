/** Records per tensor batch when scoring (the analysis worker and its scoring workers alike). */
export const SCORE_TENSOR_BATCH = 4096;
