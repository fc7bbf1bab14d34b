// The Schema Registry adapter: kgov's own client of the Confluent REST API (also Karapace and Apicurio's ccompat API),
// on Node's fetch with an undici Agent. The only code in kgov that speaks HTTP.
import { RegistryPortError, type RegistryFactory } from "../../ports/registry.js";
import { RegistryClient } from "./client.js";
import { registryEndpoint } from "./endpoint.js";
import { RegistryHttp } from "./http.js";

/** Opens no connection: the first request does (and reads the TLS files). Throws RegistryPortError for a bad URL. */
export const createRegistryClient: RegistryFactory = (settings, options) => {
  const endpoint = registryEndpoint(settings);
  if ("code" in endpoint) throw new RegistryPortError(endpoint);
  return new RegistryClient(new RegistryHttp(settings, endpoint, options.cwd));
};
