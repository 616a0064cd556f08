export * from './enforcement-powers.data.js';
