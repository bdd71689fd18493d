// What another app may use of the classifier app: only apps/all-in-one composes it. Shared code belongs in libs/.
export { classifierService } from './classifier.service-definition.js';
