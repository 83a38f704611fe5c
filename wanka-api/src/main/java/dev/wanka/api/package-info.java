/**
 * The wire contract of the control plane: the JSON records that the server, its node agents and its
 * clients exchange over HTTP, and {@link dev.wanka.api.WankaClient}, a client on the JDK's
 * HttpClient. Paths are in {@link dev.wanka.api.ApiPaths}; docs/api.md describes them.
 *
 * <p>Records here carry no behaviour beyond checking their own fields. Times are epoch milliseconds
 * ({@code ...Millis}) so that every language reads them the same way.
 */
package dev.wanka.api;
