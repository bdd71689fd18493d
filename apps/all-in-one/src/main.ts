import { runService } from '@frictionlens/platform';
import { allInOneService } from './all-in-one.service-definition.js';

runService(allInOneService);
