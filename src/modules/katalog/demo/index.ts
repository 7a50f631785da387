/** Synthetic katalog data for demos and benchmarks (every record says "data sintetis"). */
export { FUNCTIONS, GENERAL_APPS, MANDATED_APPS, fieldCodesOf, type AppFunction } from './catalogue.ts';
export { eastJavaOpds, generateApps, levelTwoCodes, mulberry32, nationalOpds, qualifiersFor, type GenerateOptions, type GeneratedApp, type OpdSeed } from './generate-apps.ts';
export { evaluateAgainstTruth, trueLookalikes, truePairs, type Score } from './ground-truth.ts';
