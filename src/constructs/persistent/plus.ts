/**
 * Which cdk8s-plus package `toPlusVolume()` uses, asked up front (the answer and the errors are
 * the same as `toPlusVolume()`'s).
 */
import { choosePlusPackage, installedPlusPackages, PLUS_LINES, PLUS_LINES_TESTED } from './_plus';

/** The cdk8s-plus lines this library works with, and the one it picks for the app. */
export class CdkPlus {
  /** The supported cdk8s-plus packages, oldest first (`cdk8s-plus-27` ... `cdk8s-plus-34`). */
  public static supportedPackages(): string[] {
    return PLUS_LINES.map((n) => `cdk8s-plus-${n}`);
  }

  /** The packages the CI example app installs and mounts a claim with: the oldest and the newest line. */
  public static testedPackages(): string[] {
    return PLUS_LINES_TESTED.map((n) => `cdk8s-plus-${n}`);
  }

  /** The supported cdk8s-plus packages installed where the app runs (its directory first), oldest first. */
  public static installedPackages(): string[] {
    return installedPlusPackages();
  }

  /**
   * The cdk8s-plus package `toPlusVolume()` uses: `plusPackage` if given (it must be installed),
   * else the line the app's package.json names among the installed ones, else the only one
   * installed. Throws, listing what it found and the option to set, when that is not one.
   * @param plusPackage as `PlusVolumeOptions.plusPackage`
   */
  public static packageName(plusPackage?: string): string {
    return choosePlusPackage('CdkPlus', plusPackage);
  }

  private constructor() {}
}
