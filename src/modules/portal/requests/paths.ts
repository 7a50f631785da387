/** Where the citizen's request pages live. */
export const MY_REQUESTS_PATH = '/warga/permohonan';
export const INBOX_PATH = '/warga/kotak-masuk';
export const trackingPath = (requestId: string): string => `${MY_REQUESTS_PATH}/${requestId}`;
export const receiptPath = (requestId: string): string => `${MY_REQUESTS_PATH}/${requestId}/tanda-terima`;
export const applyPath = (serviceKey: string): string => `/layanan/${encodeURIComponent(serviceKey)}/ajukan`;
