import { Api, loadApi } from '../../server/src/service/runs/api';
import { serviceFor, WS } from './service';

/** An OpenAPI document (with the files it references) read as a mock and a flow run read it. */
export async function apiOf(spec: string, name = 'spec.openapi.yaml', extra: Record<string, string> = {}): Promise<Api> {
  const { service } = serviceFor({ [name]: spec, ...extra });
  const loaded = await loadApi(service, WS + name);
  if ('problem' in loaded) throw new Error(loaded.problem);
  return loaded;
}
