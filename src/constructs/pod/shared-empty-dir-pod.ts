/**
 * A pod whose containers share scratch space: one or more emptyDir volumes, created empty
 * when the pod starts and deleted with it, each mounted by any container at its own path.
 */
import { selfCheck, SelfCheckProps } from '../_self-check';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { FORTUNE, NGINX, NGINX_UNPRIVILEGED } from './_images';
import { NODE_PATHS_ELSEWHERE, patternRef, podMetadata, podService, refuseHostPathMounts } from './_pattern';
import {
  ContainerProps,
  Mount,
  PodOptions,
  podTemplateMetadata,
  renderPodSpec,
  SecurityProfile,
} from './container';
import { PodServiceOptions } from './service';
import { EmptyDirMedium, PodVolume, addImageVolumes } from './volume';

/** Props of {@link SharedEmptyDirPod}. */
export interface SharedEmptyDirPodProps extends SelfCheckProps {
  /** The pod's name, kept exactly as given (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * The pod's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The pod's labels; also the Service's selector.
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
  /**
   * The containers. Two containers share a volume by mounting the same `PodVolume`
   * (`PodVolume.emptyDir('html')`), each at its own path, read-only or not. Any PodVolume
   * except hostPath may be mounted (configMap, secret, downwardAPI, projected, claims);
   * node paths belong to `HostPathPod` and `HostPathDaemon`, which check them.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  readonly containers: ContainerProps[];
  /**
   * Containers run to completion, in order, before `containers` start.
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * The pod's security context.
   * @default SecurityProfile.IMAGE_DEFAULT - the images' own user and filesystem
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly security?: SecurityProfile;
  /**
   * Pod-level fields (service account, nodeSelector, affinity, tolerations, imagePullSecrets,
   * terminationGracePeriodSeconds, priority) and the pod's own labels and annotations.
   * @default - none
   */
  readonly podOptions?: PodOptions;
  /**
   * A Service in front of the pod, selecting it by its labels.
   * @default - no Service
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly service?: PodServiceOptions;
}

/**
 * A pod whose containers share emptyDir volumes, with an optional Service.
 *
 * Pod Security: with `SecurityProfile.IMAGE_DEFAULT` (the default) the pod meets `baseline`
 * (no host namespaces, host paths or privileges; the images run as their own user, often root);
 * with `SecurityProfile.restricted()` it meets `restricted`, if every image runs as a non-root
 * uid with a read-only root filesystem (`fortune({ hardened: true })` does).
 */
export class SharedEmptyDirPod extends Construct {
  /**
   * The classic fortune pod (Kubernetes in Action): `html-generator` (luksa/fortune) writes
   * a new fortune to the emptyDir `html` every 10 s at /var/htdocs, and `web-server` serves
   * it read-only from /usr/share/nginx/html.
   *
   * Default: `nginx:alpine` on port 80, both running as the images' root user (`baseline`).
   * Hardened: Pod Security `restricted`: the writer runs as uid 1000 with fsGroup 1000 (the
   * shared volume is group-owned and writable), nginx is replaced by
   * `nginxinc/nginx-unprivileged:alpine` (uid 101, port 8080) with emptyDirs at
   * /var/cache/nginx and /tmp (its pid file and temp files), every root filesystem read-only,
   * all capabilities dropped, seccomp RuntimeDefault.
   */
  public static fortune(scope: Construct, id: string, options: FortunePodOptions = {}): SharedEmptyDirPod {
    options = options ?? {};
    const hardened = options.hardened ?? false;
    const html = PodVolume.emptyDir('html', { medium: options.medium, sizeLimit: options.sizeLimit });
    const web = hardened ? NGINX_UNPRIVILEGED : NGINX;
    const resources = options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : undefined;
    const webMounts: Mount[] = [{ volume: html, path: web.htmlRoot, readOnly: true }];
    if (hardened) {
      // nginx-unprivileged writes its cache, pid file and temp files; the root fs is read-only.
      webMounts.push(
        { volume: PodVolume.emptyDir('nginx-cache'), path: '/var/cache/nginx' },
        { volume: PodVolume.emptyDir('nginx-tmp'), path: '/tmp' },
      );
    }
    return new SharedEmptyDirPod(scope, id, {
      name: options.name ?? 'fortune',
      namespace: options.namespace,
      labels: options.labels,
      containers: [
        {
          name: 'html-generator',
          image: FORTUNE.image,
          resources,
          mounts: [{ volume: html, path: FORTUNE.htdocs }],
        },
        {
          name: 'web-server',
          image: web.image,
          ports: [web.port],
          resources,
          runAsUser: hardened ? NGINX_UNPRIVILEGED.uid : undefined,
          mounts: webMounts,
        },
      ],
      // fsGroup 1000 makes the shared emptyDir group-writable for the uid-1000 writer.
      security: hardened
        ? SecurityProfile.restricted({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 })
        : SecurityProfile.IMAGE_DEFAULT,
      service: options.service && { ...options.service, targetPort: options.service.targetPort ?? web.port },
      ignoreChecks: options.ignoreChecks,
    });
  }

  /** The pod's name. */
  public readonly name: string;
  /** The pod's labels (the Service's selector). */
  public readonly labels: { [key: string]: string };
  /** The Pod. */
  public readonly pod: k8s.KubePod;
  /** The Service, if `service` was given. */
  public readonly service?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: SharedEmptyDirPodProps) {
    super(scope, id);
    props = props ?? ({} as SharedEmptyDirPodProps); // from JavaScript: no props fails on the first required field
    const object = patternRef('SharedEmptyDirPod', props?.name, id);
    refuseHostPathMounts(object, props.containers, NODE_PATHS_ELSEWHERE);
    refuseHostPathMounts(object, props.initContainers, NODE_PATHS_ELSEWHERE, 'initContainers');
    const meta = podMetadata(this, object, 'Pod', props);
    const spec = renderPodSpec(object, {
      containers: props.containers,
      initContainers: props.initContainers,
      security: props.security,
      podOptions: props.podOptions,
    });
    this.name = props.name;
    this.labels = meta.labels!;
    this.pod = new k8s.KubePod(this, 'Pod', {
      metadata: { ...meta, ...podTemplateMetadata(object, meta.labels, meta.labels!, props.podOptions) },
      spec,
    });
    addImageVolumes(this.pod, spec, '/spec');
    if (props.service) {
      this.service = podService(this, object, meta, props.containers, props.service);
    }
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }
}

/** Options of `SharedEmptyDirPod.fortune()`. */
export interface FortunePodOptions extends SelfCheckProps {
  /**
   * The pod's name, kept exactly as given.
   * @default 'fortune'
   */
  readonly name?: string;
  /**
   * The pod's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The pod's labels; also the Service's selector.
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
  /**
   * Where the shared `html` volume lives (MEMORY is tmpfs: counted against the writing
   * container's memory limit).
   * @default EmptyDirMedium.DISK
   */
  readonly medium?: EmptyDirMedium;
  /**
   * The most the `html` volume may hold, as a quantity kept as written (`1Mi`).
   * @default - no limit
   */
  readonly sizeLimit?: string;
  /**
   * Memory limit of each container, as a quantity kept as written (`64Mi`). With a MEMORY
   * medium, what the writer puts in the tmpfs counts against its limit: set both, with the
   * volume's sizeLimit below this.
   * @default - no limit
   */
  readonly memoryLimit?: string;
  /**
   * Meet Pod Security `restricted`: non-root users, read-only root filesystems, nginx-unprivileged on 8080.
   * @default false
   */
  readonly hardened?: boolean;
  /**
   * A Service in front of the pod; its targetPort defaults to the web server's port (80, or 8080 hardened).
   * @default - no Service
   */
  readonly service?: PodServiceOptions;
}

// Defined in ./service, which GitClonePod shares; re-exported so imports from this module keep working.
export { PodServiceOptions, ServiceType } from './service';
