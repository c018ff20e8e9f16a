import http from 'node:http';

/** Reads server-sent events from a real HTTP connection until `count` events have arrived. */
export function readEvents(url: string, cookie: string, count: number, onOpen: () => Promise<unknown>) {
  return new Promise<{ event: string; data: unknown }[]>((resolve, reject) => {
    const req = http.get(url, { headers: { cookie } }, (res) => {
      if (!/text\/event-stream/.test(res.headers['content-type'] ?? '')) reject(new Error(`no event stream: ${res.statusCode}`));
      const events: { event: string; data: unknown }[] = [];
      let buffer = '';
      let opened = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: JSON.parse(data!) });
        }
        if (!opened && events.length > 0) {
          opened = true;
          onOpen().catch(reject);
        }
        if (events.length >= count) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
  });
}
