/**
 * Object and volume name rules of the API server (k8s.io/apimachinery validation):
 * most objects take a DNS-1123 subdomain; volume names, container names, ports' names and
 * Service names take a DNS-1123 label. Each check returns what is wrong, or undefined.
 */
import { show } from '../_show';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric. */
export function dnsLabelProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '')
    return `is ${show(value)}; expected a non-empty DNS-1123 label (lowercase letters, digits and '-', at most 63)`;
  if (value.length > 63) return `is "${value}" (${value.length} characters); a DNS-1123 label has at most 63`;
  if (!DNS1123_LABEL.test(value))
    return `is "${value}"; a DNS-1123 label has only lowercase letters, digits and '-', and starts and ends with a letter or digit`;
  return undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A DNS-1035 label (apimachinery IsDNS1035Label): a DNS-1123 label that starts with a letter. What
 * a Service name must be where the RelaxedServiceNameValidation gate is off (see
 * src/plan/version-rules.ts); undefined when it is one.
 */
export function dns1035LabelProblem(value: unknown): string | undefined {
  const label = dnsLabelProblem(value);
  if (label) return label;
  if (!DNS1035_LABEL.test(value as string))
    return `is "${value as string}"; a DNS-1035 label starts with a lowercase letter (then lowercase letters, digits and '-', ending with a letter or digit)`;
  return undefined;
}

/** A DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels. */
export function dnsSubdomainProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '')
    return `is ${show(value)}; expected a non-empty DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)`;
  if (value.length > 253)
    return `is "${value.slice(0, 40)}..." (${value.length} characters); a DNS-1123 subdomain has at most 253`;
  if (!DNS1123_SUBDOMAIN.test(value))
    return `is "${value}"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit`;
  return undefined;
}

/**
 * The Kubernetes name rule of a kind: DNS-1123 label for Namespace, Service and StatefulSet,
 * subdomain for the rest. A Service name is also a DNS-1035 label where RelaxedServiceNameValidation is off (before
 * 1.36 by default): that version-dependent part is src/plan/version-rules.ts's.
 */
export function objectNameProblem(kind: string, value: unknown): string | undefined {
  return LABEL_NAMED_KINDS.has(kind) ? dnsLabelProblem(value) : dnsSubdomainProblem(value);
}

/**
 * Kinds whose names are DNS-1123 labels: Namespace (ValidateNamespaceName), Service, and
 * StatefulSet (ValidateStatefulSetName is NameIsDNSLabel since 1.27, kubernetes#114172: its pods
 * are named after it and the name is their hostname).
 */
const LABEL_NAMED_KINDS: ReadonlySet<string> = new Set(['Namespace', 'Service', 'StatefulSet']);

const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * A qualified name (label keys, StorageClass provisioners): an optional DNS-1123 subdomain
 * prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.
 */
export function qualifiedNameProblem(value: unknown): string | undefined {
  const expected = "a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner'";
  if (typeof value !== 'string' || value === '')
    return `is ${typeof value === 'string' ? '""' : typeof value}; expected ${expected}`;
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  // The prefix is a DNS-1123 subdomain as written: label keys, node selector keys and taint keys
  // keep their case (annotation keys and provisioners are lowercased by their callers).
  if (prefix !== undefined && dnsSubdomainProblem(prefix))
    return `is "${value}"; its prefix "${prefix}" is not a DNS-1123 subdomain`;
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name))
    return `is "${value}"; expected ${expected} (the part after '/' at most 63 characters)`;
  return undefined;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A label value: at most 63 characters, alphanumerics, '-', '_' or '.', alphanumeric at both ends (or empty). */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    return `is ${show(value)}; a label value has at most 63 letters, digits, '-', '_' or '.', and starts and ends with a letter or digit`;
  }
  return undefined;
}

/**
 * What Go's `unicode.IsSpace` calls space, as a regular expression character class: ASCII \t \n
 * \v \f \r and space, U+0085, U+00A0, and the other Unicode White_Space characters. It is not the
 * set JavaScript's `trim()` and `\s` use (those take U+FEFF and leave U+0085).
 */
export const GO_SPACE_CLASS =
  '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_SPACE_EDGES = new RegExp(`^${GO_SPACE_CLASS}+|${GO_SPACE_CLASS}+$`, 'g');

/** Go's `strings.TrimSpace` (see {@link GO_SPACE_CLASS}). */
export function goTrimSpace(value: string): string {
  return value.replace(GO_SPACE_EDGES, '');
}
