/**
 * A dense decoder-only transformer, as read from scenarios/models/<id>.yaml.
 */
export interface ModelArchitecture {
  id: string;
  name: string;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  /** key/value heads: = attentionHeads for MHA, fewer for GQA, 1 for MQA */
  kvHeads: number;
  ffnHiddenSize: number;
  /** gelu: two matrices (up, down); swiglu: three (gate, up, down) */
  ffnKind: 'gelu' | 'swiglu';
  vocabSize: number;
  tiedEmbeddings: boolean;
  /** the context length the model was trained with; a scenario may use a shorter sequence */
  maxSequenceLength: number;
  /** dropout probability used in pre-training (hidden and attention dropout); absent = 0. It decides whether
   * dropout kernels run and their masks are stored (Korthikanti et al. 2022 count them: 34sbh + 5as²b). */
  dropout?: number;
  /** where the architecture figures come from */
  source: string;
}
