import { useState } from 'react';
import { useNotify } from 'react-admin';

/**
 * A button's action against the hub: `busy` while it runs (the button is disabled, so it cannot be
 * pressed twice), the hub's coded message as a notification when it fails.
 */
export function useAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      return await f();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
