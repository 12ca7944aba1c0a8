/**
 * Conversions between SI numbers and the units the reports speak (kWh, hours, years). The year is
 * mathjs's (365.25 days), the unit scenario strings such as "4 years" are parsed with, so a figure reads
 * back as written.
 */
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const JOULES_PER_KWH = 3.6e6;
export const SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY;
export const HOURS_PER_YEAR = SECONDS_PER_YEAR / SECONDS_PER_HOUR;

/** Undo the float noise of a unit round trip (367 g/kWh -> kg/J -> 366.99999999999994) in reported figures. */
export const tidy = (x: number): number => Number(x.toPrecision(12));
