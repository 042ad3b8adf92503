import type { Connection } from 'vscode-languageserver';

/**
 * A connection on which each request method may be handled once. vscode-languageserver keeps
 * only the last handler given for a method, so a second registration would silently replace the
 * first; here it throws instead, naming the method.
 */
export function onceOnly(connection: Connection): Connection {
  const taken = new Set<string>();
  const claim = (method: string) => {
    if (taken.has(method)) throw new Error(`A second handler for \`${method}\` was registered; each LSP method is handled once (ask the kind registry instead).`);
    taken.add(method);
  };
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || !/^on[A-Z]/.test(property)) return value;
      return (...args: unknown[]) => {
        if (property === 'onRequest' || property === 'onNotification') {
          const type = args[0];
          if (typeof type === 'string' || (type && typeof type === 'object' && 'method' in type)) claim(typeof type === 'string' ? type : (type as { method: string }).method);
        } else {
          claim(property);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
