import { Module } from '@nestjs/common';
import { AlertDispatcher } from './alerts/alert-dispatcher.js';
import { AlertEvaluator } from './alerts/alert-evaluator.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertsService } from './alerts/alerts.service.js';
import { ContactDrillDownController } from './contacts/contact-drill-down.controller.js';
import { ContactDrillDownService } from './contacts/contact-drill-down.service.js';
import { CountermeasuresController } from './countermeasures/countermeasures.controller.js';
import { CountermeasuresService } from './countermeasures/countermeasures.service.js';
import { CustomerErasureService } from './customers/customer-erasure.service.js';
import { CustomersController } from './customers/customers.controller.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DiscoveriesController } from './discoveries/discoveries.controller.js';
import { DiscoveriesService } from './discoveries/discoveries.service.js';
import { CostService } from './metrics/cost.service.js';
import { CountermeasureImpactService } from './metrics/countermeasure-impact.service.js';
import { MetricsAnswers } from './metrics/metrics-cache.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';
import { SpikesService } from './metrics/spikes.service.js';
import { ModelsController } from './models/models.controller.js';
import { ModelsService } from './models/models.service.js';
import { ReviewController } from './review/review.controller.js';
import { ReviewService } from './review/review.service.js';
import { StudiesController } from './studies/studies.controller.js';
import { StudiesService } from './studies/studies.service.js';
import { TaxonomyController } from './taxonomy/taxonomy.controller.js';
import { TaxonomyService } from './taxonomy/taxonomy.service.js';
import { CategoryStepsController } from './value-streams/category-steps.controller.js';
import { HandlingCostsController } from './value-streams/handling-costs.controller.js';
import { HandlingCostsService } from './value-streams/handling-costs.service.js';
import { StepVolumesService } from './value-streams/step-volumes.service.js';
import { ValueStreamsController } from './value-streams/value-streams.controller.js';
import { ValueStreamsService } from './value-streams/value-streams.service.js';

@Module({
  imports: [DashboardModule],
  controllers: [
    CustomersController,
    TaxonomyController,
    ReviewController,
    ModelsController,
    ValueStreamsController,
    CategoryStepsController,
    HandlingCostsController,
    CountermeasuresController,
    MetricsController,
    ContactDrillDownController,
    StudiesController,
    DiscoveriesController,
    AlertsController,
  ],
  providers: [CustomerErasureService, TaxonomyService, ReviewService, ModelsService, ValueStreamsService, StepVolumesService, HandlingCostsService, CountermeasuresService, MetricsService, MetricsAnswers, SpikesService, CostService, CountermeasureImpactService, ContactDrillDownService, StudiesService, DiscoveriesService, AlertsService, AlertDispatcher, AlertEvaluator],
})
export class ApiModule {}
