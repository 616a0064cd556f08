export * from './evidence-categories.data.js';
export * from './framework-catalogue.js';
export * from './key-questions.data.js';
export * from './local-authority-framework.data.js';
export * from './quality-statements.data.js';
export * from './regulations.data.js';
