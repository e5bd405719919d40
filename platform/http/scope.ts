// What part of the registry a signed-in user sees: a maintenance firm its own lifts, a use unit its own;
// everyone else the whole city (an empty scope). Every store read of lifts takes one.
export interface Scope { maintenanceFirmId?: number | null, useUnitId?: number | null }
