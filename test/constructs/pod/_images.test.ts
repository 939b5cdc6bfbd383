import {
  ALPINE_GIT,
  FORTUNE,
  GIT_SYNC,
  NGINX,
  NGINX_UNPRIVILEGED,
} from '../../../src/constructs/pod/_images';

describe('image facts', () => {
  test('the clone and sync images are pinned to a version, git-sync to v4 (whose flags the patterns use)', () => {
    expect(ALPINE_GIT.image).toMatch(/^alpine\/git:v?\d+\.\d+\.\d+$/);
    expect(GIT_SYNC.image).toMatch(/^registry\.k8s\.io\/git-sync\/git-sync:v4\.\d+\.\d+$/);
  });
  test('the example images and the facts the hardened variants rely on', () => {
    expect(FORTUNE).toEqual({ image: 'luksa/fortune', htdocs: '/var/htdocs' });
    expect(NGINX).toMatchObject({ image: 'nginx:alpine', port: 80 });
    expect(NGINX_UNPRIVILEGED).toMatchObject({
      image: 'nginxinc/nginx-unprivileged:alpine',
      uid: 101,
      port: 8080,
    });
    expect(NGINX_UNPRIVILEGED.writablePaths).toEqual(['/var/cache/nginx', '/tmp']);
    expect(GIT_SYNC).toMatchObject({ uid: 65533, home: '/tmp' });
    expect(ALPINE_GIT.nobody).toBe(65534);
  });
});
