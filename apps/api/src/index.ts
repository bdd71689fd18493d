// What another app may use of the API app: only apps/all-in-one, which runs the three services in
// one process, composes it, and its demo seeds through the same services a person's requests use.
// Anything else shared between apps belongs in libs/ (eslint.config.mjs enforces both).
export { apiService } from './api.service-definition.js';
export { DASHBOARD_READINESS, type DashboardReadiness } from './dashboard/dashboard-readiness.js';
export { CountermeasuresService } from './countermeasures/countermeasures.service.js';
export { CreateStudyBody, StudyCodeBody } from './studies/studies.schemas.js';
export { StudiesService } from './studies/studies.service.js';
export { TaxonomyService } from './taxonomy/taxonomy.service.js';
export { HandlingCostsService } from './value-streams/handling-costs.service.js';
export { StepVolumesService } from './value-streams/step-volumes.service.js';
export { ValueStreamsService } from './value-streams/value-streams.service.js';
