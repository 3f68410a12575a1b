// The worker body: normalise, segment and hash batches of texts, and send back their features
// packed as the feature table stores them (count << 24 | bucket), with each text's length.
import { parentPort, workerData } from 'node:worker_threads';
import type { FeatureSpec } from '../../domain/classify/features.ts';
import { normalisedFeatures } from '../../domain/classify/model.ts';
import { normaliseText } from '../../domain/classify/normalize.ts';
import { Tokenizer } from '../../domain/classify/tokenize.ts';

const { spec, extraWords } = workerData as { spec: FeatureSpec; extraWords: string[] };
const tokenizer = new Tokenizer({ extraWords });

parentPort!.on('message', (msg: { id: number; texts: string[] }) => {
  const lengths = new Uint32Array(msg.texts.length);
  let packed = new Uint32Array(msg.texts.length * 128);
  let used = 0;
  msg.texts.forEach((text, i) => {
    const norm = normaliseText(text).text;
    const f = normalisedFeatures(norm, spec, tokenizer);
    if (used + f.idx.length > packed.length) { const b = new Uint32Array((used + f.idx.length) * 2); b.set(packed.subarray(0, used)); packed = b; }
    for (let k = 0; k < f.idx.length; k++) packed[used + k] = (Math.min(255, f.count[k]) << 24 | f.idx[k]) >>> 0;
    lengths[i] = f.idx.length;
    used += f.idx.length;
  });
  const out = packed.slice(0, used);
  parentPort!.postMessage({ id: msg.id, packed: out, lengths }, [out.buffer, lengths.buffer]);
});
