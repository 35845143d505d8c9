/**
 * Where the device is, for the one-tap "visited": asked once, given up after a few seconds,
 * and null when the browser has no fix or the user declines (the visit is recorded without a place).
 */
export function currentPosition(timeoutMs = 5000): Promise<{ lon: number; lat: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
