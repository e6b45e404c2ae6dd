import { Size } from 'cdk8s';

/** How much the collector logs about itself. */
export enum LogCollectorLogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Errors and warnings. */
  WARNING = 'warning',
  /** Errors, warnings and information (the agents' default). */
  INFO = 'info',
  /** Everything, for debugging. */
  DEBUG = 'debug',
}

/** Options of `filesystemBuffer`: the collector buffers in files in its state directory. */
export interface LogCollectorFilesystemBufferOptions {
  /**
   * The most each output may hold on disk; beyond it the oldest chunks are dropped (Fluent Bit)
   * or the input waits (Fluentd).
   *
   * @default Size.mebibytes(512)
   */
  readonly maxSize?: Size;
}
