import { runService } from '@frictionlens/platform';
import { classifierService } from './classifier.service-definition.js';

runService(classifierService);
