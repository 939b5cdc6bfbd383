/**
 * A VolumeAttributesClass: mutable volume attributes (IOPS, throughput) a CSI driver applies when it
 * provisions a claim that names the class, and again when the claim is moved to another class.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { check, fail } from '../../_errors';
import { show } from '../../_show';
import { checkedLabels, checkedMap } from '../../_maps';
import {
  contextKubernetesVersion,
  KUBERNETES_VERSION_CONTEXT,
  selfCheck,
  SelfCheckProps,
} from '../_self-check';
import { dnsSubdomainProblem, qualifiedNameProblem } from '../../k8s/names';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../k8s/versions';
import { builtInResource } from '../../k8s/schema';
import { clusterScoped, resolveName, sortMap } from './_object';

/** Props of {@link VolumeAttributesClass}. */
export interface VolumeAttributesClassProps extends SelfCheckProps {
  /**
   * metadata.name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The CSI driver the attributes are for (`pd.csi.storage.gke.io`). The CSI external-provisioner
   * refuses to provision a claim naming this class unless it is the driver of the claim's class.
   */
  readonly driverName: string;
  /**
   * The attributes, passed as they are to the driver's CreateVolume / ControllerModifyVolume
   * (`iops: '3000'`). At least one, at most 512 (ValidateVolumeAttributesClass).
   */
  readonly parameters: { [key: string]: string };
  /**
   * Labels of the class.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** The most parameters a VolumeAttributesClass may have (validateParameters, maxProvisionerParameterLen). */
const MAX_PARAMETERS = 512;
/** Their total size in bytes, keys and values (validateParameters, maxProvisionerParameterSize). */
const MAX_PARAMETERS_SIZE = 256 * (1 << 10);

const V1 = 'storage.k8s.io/v1';
const KIND = 'VolumeAttributesClass';

/**
 * The apiVersion of VolumeAttributesClass that Kubernetes `version` serves, preferred first, as
 * the schema of that minor tells it (src/k8s/schema.ts builtInResource): v1 from 1.34, v1beta1 in
 * 1.31 to 1.33, v1alpha1 in 1.29 and 1.30. Refused for a minor that has none.
 */
function servedApiVersion(at: string, version: KubernetesVersion): string {
  const served = builtInResource(version, V1, KIND);
  if (served === undefined || served.served) return V1;
  const [preferred] = served.servedAs ?? [];
  if (preferred === undefined) {
    // The first minor (of those the schemas cover) that serves the kind, and as what.
    let since = '';
    for (const v of KUBERNETES_VERSIONS) {
      const r = builtInResource(v, V1, KIND);
      const as = r?.served ? V1 : r?.servedAs?.[0];
      if (as === undefined) continue;
      since = `; the first minor that serves it is ${v} (${as}): set ${KUBERNETES_VERSION_CONTEXT} to ${v} or later, or leave the class out`;
      break;
    }
    fail(
      at,
      'apiVersion',
      `has no value for Kubernetes ${version} (context ${KUBERNETES_VERSION_CONTEXT}): no storage.k8s.io version of ${KIND} is served by that minor${since}`,
    );
  }
  return preferred;
}

/**
 * A VolumeAttributesClass (storage.k8s.io/v1 from Kubernetes 1.34, where it is GA and served by
 * default; for an older `cdk8s-volumes:kubernetesVersion` it is emitted with the apiVersion that
 * minor serves, storage.k8s.io/v1beta1 from 1.31 or storage.k8s.io/v1alpha1 in 1.29 and 1.30, which
 * those clusters serve only with `--runtime-config` and the VolumeAttributesClass gate, and the
 * self-check says so; refused before 1.29). Name it from a claim with `volumeAttributesClassName`.
 * Checked as ValidateVolumeAttributesClass (pkg/apis/storage/validation/validation.go) does.
 * @see https://kubernetes.io/docs/concepts/storage/volume-attributes-classes/
 */
export class VolumeAttributesClass extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** The CSI driver the attributes are for. */
  public readonly driverName: string;
  /** The parameters, sorted by key. */
  public readonly parameters: { [key: string]: string };
  /** The VolumeAttributesClass this construct made (an ApiObject: imports/k8s.ts predates the kind). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VolumeAttributesClassProps) {
    super(scope, id);
    props = props ?? ({} as VolumeAttributesClassProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('VolumeAttributesClass', id, props?.name);
    const at = `VolumeAttributesClass/${this.name}`;
    // validateProvisioner: required, a qualified name once lower-cased.
    if (typeof props.driverName !== 'string' || props.driverName === '')
      fail(
        at,
        'driverName',
        `is ${show(props.driverName)}; expected the CSI driver's name, e.g. pd.csi.storage.gke.io`,
      );
    check(at, 'driverName', qualifiedNameProblem(props.driverName.toLowerCase()));
    this.driverName = props.driverName;
    const parameters = checkedMap(at, 'parameters', props.parameters) ?? {};
    // validateParameters(..., allowEmpty=false): a class must set at least one attribute.
    const count = Object.keys(parameters).length;
    if (count === 0)
      fail(
        at,
        'parameters',
        'is empty; a VolumeAttributesClass must set at least one key/value pair (e.g. { iops: "3000" })',
      );
    if (count > MAX_PARAMETERS)
      fail(at, 'parameters', `has ${count} keys; at most ${MAX_PARAMETERS} are allowed`);
    let size = 0;
    for (const [k, v] of Object.entries(parameters)) size += k.length + v.length;
    if (size > MAX_PARAMETERS_SIZE)
      fail(
        at,
        'parameters',
        `total ${size} bytes; keys and values may total at most ${MAX_PARAMETERS_SIZE} bytes (256Ki)`,
      );
    this.parameters = sortMap(parameters);
    const labels = checkedLabels(at, 'metadata.labels', props.labels);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: servedApiVersion(at, contextKubernetesVersion(this)),
      kind: 'VolumeAttributesClass',
      metadata: { name: this.name, labels: labels && Object.keys(labels).length ? labels : undefined },
      driverName: this.driverName,
      parameters: { ...this.parameters },
    });
    clusterScoped(this.apiObject);
    // Last: the object is complete; the same object-scoped rules as the storage plan judge it.
    selfCheck(this, props.ignoreChecks);
  }

  /**
   * The claim's spec.volumeAttributesClassName from the two props: a DNS subdomain
   * (ValidatePersistentVolumeClaimSpec: ValidateDNS1123Subdomain), and for a class of this app, of
   * the claim's class's driver: the CSI external-provisioner's prepareProvision
   * (pkg/controller/controller.go) fails with "VAC <name> referenced in PVC is for driver <d> which
   * does not match driver name <p>" and the claim stays Pending. Shared with PodVolume.ephemeral.
   * @internal
   */
  public static _claimField(
    at: string,
    vac: VolumeAttributesClass | undefined,
    name: string | undefined,
    provisioner: string | undefined,
    field: string = 'spec.volumeAttributesClassName',
  ): string | undefined {
    if (vac !== undefined && name !== undefined)
      fail(at, field, 'is set twice (volumeAttributesClass and volumeAttributesClassName); set one');
    if (vac !== undefined && !(vac instanceof VolumeAttributesClass))
      fail(
        at,
        field,
        'has a volumeAttributesClass that is not a VolumeAttributesClass; pass the object, or its name as volumeAttributesClassName',
      );
    if (vac !== undefined && provisioner !== undefined && vac.driverName !== provisioner)
      fail(
        at,
        field,
        `names VolumeAttributesClass ${vac.name} of driver ${vac.driverName}, but the claim's class is provisioned by ${provisioner}: the CSI provisioner refuses to create the volume and the claim stays Pending; use a VolumeAttributesClass of ${provisioner}`,
      );
    const out = vac?.name ?? name;
    if (out !== undefined) check(at, field, dnsSubdomainProblem(out));
    return out;
  }
}
