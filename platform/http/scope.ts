// What part of the registry a signed-in user sees: a maintenance firm its own lifts, a use unit its own,
// a gas-cylinder filling unit its own cylinders, stations and fills (and no lift);
// everyone else the whole city (an empty scope). Every store read of lifts takes one.
export interface Scope { maintenanceFirmId?: number | null, useUnitId?: number | null, fillingUnitId?: number | null }

/**
 * The use unit no lift has (ids start at 1): a filling unit's lift scope. The lift stores filter by use
 * unit, so a filling unit's user sees no lift, alert or gateway of lifts without each of them knowing the role.
 */
export const NO_USE_UNIT = 0
