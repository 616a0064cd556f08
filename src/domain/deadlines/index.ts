export * from './bank-holidays.data.js';
export * from './calendar-date.js';
export * from './deadline-rules.data.js';
export * from './london-time.js';
export * from './reinspection.js';
export * from './statutory-deadlines.js';
export * from './working-days.js';
