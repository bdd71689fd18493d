import { runService } from '@frictionlens/platform';
import { apiService } from './api.service-definition.js';

runService(apiService);
