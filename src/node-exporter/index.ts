export * from './collector';
export * from './listen';
export * from './node-exporter';
