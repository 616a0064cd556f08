export * from './evidence-categories.data.js';
export * from './framework-catalogue.js';
export * from '../vocabulary/key-questions.js';
export * from './local-authority-framework.data.js';
export * from './quality-statements.data.js';
export * from './regulations.data.js';
