export { computeResults } from './computeResults';
export type { ResultsInput, MergedReview } from './resultsInput';
export * from './resultsSchema';
