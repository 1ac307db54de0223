import { useEffect, useReducer, useState } from 'react';
import type { LiveRuntime } from '../../live/live-hub.ts';
import type { LiveTopic } from '../../live/live-signals.ts';
import { useLiveSource } from '../wall-context.ts';

// React reads the live models on its own schedule: a component re-renders when one of its topics
// was dirty, at most every `minMs`, and optionally on a clock (countdowns). Never per message.

export function useLiveRuntime(): LiveRuntime | null {
  const live = useLiveSource();
  const [rt, setRt] = useState<LiveRuntime | null>(() => live.current());
  useEffect(() => live.onRuntime(setRt), [live]);
  return rt;
}

export function useLiveTopics(rt: LiveRuntime | null, topics: readonly LiveTopic[], minMs = 500, clockMs = 0): number {
  const [tick, bump] = useReducer((n: number) => n + 1, 0);
  const key = topics.join(',');
  useEffect(() => {
    if (!rt) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const wanted = new Set(key.split(','));
    const fire = () => {
      timer = null;
      last = performance.now();
      bump();
    };
    const off = rt.client.store.signals.subscribe((dirty) => {
      let hit = false;
      for (const t of dirty) if (wanted.has(t)) hit = true;
      if (!hit || timer) return;
      const wait = Math.max(0, last + minMs - performance.now());
      timer = setTimeout(fire, wait);
    });
    const clock = clockMs > 0 ? setInterval(bump, clockMs) : null;
    return () => {
      off();
      if (timer) clearTimeout(timer);
      if (clock) clearInterval(clock);
    };
  }, [rt, key, minMs, clockMs]);
  return tick;
}
