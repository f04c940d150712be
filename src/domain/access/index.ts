export * from './actor.js';
export * from './policy.js';
export * from './sharing.js';
