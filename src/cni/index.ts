export * from './binaries-options';
export * from './config-install-options';
export * from './host-mount';
export * from './props';
export * from './cni';
export * from './config';
export * from './privilege';
export * from './rbac';
