export * from './interventionTypes.js';
export * from './intervention.js';
export * from './preventionRates.js';
