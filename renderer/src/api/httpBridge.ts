import type { PanelReviewBridge } from '../../../shared/contract/bridge';
import { AppEventSchema } from '../../../shared/contract/events';
import { ResultSchema, type Result } from '../../../shared/contract/errors';

function transportFailure(message: string): Result<unknown> {
  return { ok: false, error: { code: 'TRANSPORT', message, details: { detail: message } } };
}

/**
 * The web shell's side of the bridge: POST /rpc/<command> and server-sent events.
 * The session cookie set from the launch link authenticates both.
 */
export const httpBridge: PanelReviewBridge<File> = {
  async invoke(command, input, options) {
    let response: Response;
    try {
      response = await fetch(`/rpc/${encodeURIComponent(command)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ input, taskId: options?.taskId }),
      });
    } catch (error) {
      return transportFailure(error instanceof Error ? error.message : String(error));
    }
    if (response.status === 401) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong token' } };
    try {
      const parsed = ResultSchema.safeParse(await response.json());
      return parsed.success ? (parsed.data as Result<unknown>) : transportFailure(`malformed reply (HTTP ${response.status})`);
    } catch {
      return transportFailure(`HTTP ${response.status}`);
    }
  },
  on(listener) {
    const source = new EventSource('/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = AppEventSchema.safeParse(JSON.parse(message.data));
      if (parsed.success) listener(parsed.data);
    };
    return () => source.close();
  },
  stageFile(file, onProgress) {
    // XMLHttpRequest, not fetch: it reports upload progress for files of hundreds of MB.
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', `/upload?name=${encodeURIComponent(file.name)}`);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      request.upload.onprogress = (event) => onProgress?.(event.loaded, event.total);
      request.onerror = () => reject(new Error(`upload of ${file.name} failed`));
      request.onload = () => {
        try {
          const reply = JSON.parse(request.responseText) as { ok?: boolean; value?: { path?: unknown }; error?: { message?: string } };
          if (request.status === 200 && reply.ok === true && typeof reply.value?.path === 'string') resolve(reply.value.path);
          else reject(new Error(reply.error?.message ?? `upload of ${file.name} failed (HTTP ${request.status})`));
        } catch {
          reject(new Error(`upload of ${file.name} failed (HTTP ${request.status})`));
        }
      };
      request.send(file);
    });
  },
};
