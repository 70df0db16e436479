import { loadDemoData } from '@fupin/seed';
import { startTestHub, type TestHub } from './hub';

/** A test hub holding the demo dataset at `scale` (seed 2017, the one the article's figures are made from). */
export async function startDemoHub(scale: number): Promise<TestHub> {
  const hub = await startTestHub();
  await loadDemoData(hub.orm.config.getClientUrl(), { scale, seed: 2017 });
  return hub;
}
