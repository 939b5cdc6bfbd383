/** The rules of the group Admission: what the admission plugins reject (LimitRanger, ResourceQuota, ...), with their examples. */
import { ADMISSION_RULES as ADMISSION_DECLARATIONS } from '../plan/admission';
import { CHANGE_RULES } from '../plan/change';
import { yaml, CLASS, CLAIM, CLAIM_POD, declared, docs, EXPANDABLE, claimOf } from './_examples';
import type { RuleEntry } from './rule';

export const ADMISSION_RULES: RuleEntry[] = [
  {
    id: 'default-class-multiple',
    severity: 'warning',
    group: 'admission',
    summary: 'More than one StorageClass is annotated as the default class.',
    why:
      'The DefaultStorageClass admission plugin gives a claim without storageClassName the newest of the default ' +
      'classes, so which class (and provisioner, and reclaim policy) a claim gets depends on creation times. ' +
      'The plan assumes the first by name.',
    remediation:
      'Annotate one class with storageclass.kubernetes.io/is-default-class: "true"; set it to "false" on the others.',
    source:
      'plugin/pkg/admission/storage/storageclass/setdefault; pkg/volume/util: GetDefaultClass; docs: Storage Classes, Default StorageClass',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp3
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
          ---
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: io2
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp3
            annotations:
              storageclass.kubernetes.io/is-default-class: 'true'
          provisioner: ebs.csi.aws.com
          ---
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: io2
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    ...declared(ADMISSION_DECLARATIONS, 'claim-limit-range'),
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: storage-limits
            spec:
              limits:
                - type: PersistentVolumeClaim
                  min:
                    storage: 1Gi
                  max:
                    storage: 50Gi
          `,
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 100Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: storage-limits
            spec:
              limits:
                - type: PersistentVolumeClaim
                  min:
                    storage: 1Gi
                  max:
                    storage: 50Gi
          `,
          CLASS,
          CLAIM,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    ...declared(ADMISSION_DECLARATIONS, 'claim-quota-exceeded'),
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: storage
            spec:
              hard:
                requests.storage: 15Gi
          `,
          CLASS,
          CLAIM,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: logs
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: storage
            spec:
              hard:
                requests.storage: 15Gi
          `,
          CLASS,
          CLAIM,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: logs
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 5Gi
          `,
        ),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-resize-unsupported'),
    examples: {
      failing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard')),
        manifests: docs(CLASS, claimOf('20Gi', 'standard')),
      },
      passing: {
        previous: docs(EXPANDABLE, claimOf('10Gi')),
        manifests: docs(EXPANDABLE, claimOf('20Gi')),
      },
    },
  },
];
