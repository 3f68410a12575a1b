// Every feature's routes, registered in this order under /api.
import type { Routes } from '../platform/http.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { regionRoutes } from './regions/regions.routes.ts';
import { householdRoutes } from './households/households.routes.ts';
import { buildingRoutes, shopRoutes } from './registry/places.ts';
import { userRoutes } from './users/users.routes.ts';
import { statsRoutes } from './stats/stats.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { importRoutes } from './imports/import.routes.ts';
import { exportRoutes } from './exports/export.routes.ts';
import { cadreRoutes, departmentRoutes, partyOrgRoutes, tagRoutes } from './registry/organisations.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { categoryRoutes, routingRoutes } from './requests/categories.ts';
import { requestRoutes } from './requests/requests.routes.ts';
import { webhookRoutes } from './requests/webhooks.routes.ts';
import { requestStatsRoutes } from './requests/stats.routes.ts';
import { pairingRoutes } from './liaison/pairing.routes.ts';
import { responsibilityRoutes } from './liaison/responsibilities.ts';
import { visitRoutes } from './visits/visits.routes.ts';
import { suggestRoutes } from './routing/routing.routes.ts';
import { topicRoutes } from './routing/topics.routes.ts';
import { modelRoutes } from './routing/model.routes.ts';
import { serviceCardRoutes } from './liaison/cards.routes.ts';

export const featureRoutes: Routes[] = [
  authRoutes, regionRoutes, householdRoutes, buildingRoutes, shopRoutes, departmentRoutes, partyOrgRoutes, cadreRoutes, tagRoutes,
  userRoutes, statsRoutes, auditRoutes, importRoutes, exportRoutes,
  calendarRoutes, categoryRoutes, routingRoutes, requestStatsRoutes, requestRoutes, webhookRoutes, pairingRoutes, responsibilityRoutes, visitRoutes, serviceCardRoutes, suggestRoutes, topicRoutes, modelRoutes,
];
