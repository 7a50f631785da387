/**
 * Rationalisation of the application portfolio: TIME classification, keep/merge/retire/replace
 * decisions that move an app's lifecycle when carried out, and the portfolio numbers (the active
 * app curve, cost saved, hosting, ownership, data quality, capability coverage).
 */
export { rationalisationRoutes, loadAppRationalisation } from './routes.tsx';
export { AppRationalisationSection } from './views/app-section.tsx';
