/**
 * The nodes that have the device, where the plugin runs: by node labels (a `nodeSelector`), or by
 * any of several label sets (a required node affinity with one term per set).
 */
export class DeviceNodes {
  /**
   * The nodes that carry every one of these labels (a `nodeSelector`), e.g.
   * `{ 'nvidia.com/gpu.present': 'true' }`.
   */
  public static withLabels(labels: { [key: string]: string }): DeviceNodes {
    return new DeviceNodes([{ ...labels }], false);
  }

  /**
   * The nodes that carry all the labels of at least one of these sets (a required node affinity,
   * one term per set), e.g. the labels of node-feature-discovery or of the GPU operator:
   * `[{ 'feature.node.kubernetes.io/pci-10de.present': 'true' }, { 'nvidia.com/gpu.present': 'true' }]`.
   */
  public static withAnyOf(labelSets: { [key: string]: string }[]): DeviceNodes {
    return new DeviceNodes((labelSets ?? []).map(set => ({ ...set })), true);
  }

  /** The label sets: all labels of a set must match, and any set may. */
  public readonly labelSets: { [key: string]: string }[];

  /** Whether the sets become a required node affinity (`withAnyOf`) rather than a `nodeSelector`. */
  public readonly isAffinity: boolean;

  private constructor(labelSets: { [key: string]: string }[], affinity: boolean) {
    this.labelSets = labelSets;
    this.isAffinity = affinity;
  }
}
