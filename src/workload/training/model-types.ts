/**
 * A decoder-only transformer, as read from scenarios/models/<id>.yaml: dense, or mixture-of-experts when
 * `moe` is present.
 */

/** Mixture-of-experts feed-forward blocks (GShard/Switch-style top-k routing). */
export interface MoeConfig {
  /** routed experts per MoE layer */
  experts: number;
  /** experts each token is routed to */
  topK: number;
  /** inner width of one routed expert's FFN (same ffnKind as the model) */
  expertFfnHiddenSize: number;
  /** always-active shared experts per MoE layer (DeepSeekMoE), each of expertFfnHiddenSize; 0 for none */
  sharedExperts: number;
  /** the first `denseLayers` layers use the dense FFN (ffnHiddenSize) instead (DeepSeek-V3: 3) */
  denseLayers: number;
  /** expert capacity factor (tokens an expert accepts = factor · tokens · topK / experts); null = dropless */
  capacityFactor: number | null;
}
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
  /** mixture-of-experts FFN; absent for dense models */
  moe?: MoeConfig;
  /** where the architecture figures come from */
  source: string;
}
