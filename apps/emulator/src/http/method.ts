/** The methods every dialect (ARM, Graph, the token endpoint) accepts; a contract type at the ground floor. */
export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";
