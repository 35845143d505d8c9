import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDistrict } from '../../../geodata/generate.ts';

const demo = generateDistrict('gridline', 'demo');
const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('generateDistrict (demo scale)', () => {
  it('yields identical data for the same seed and different data for another', () => {
    expect(digest(generateDistrict('gridline', 'demo'))).toBe(digest(demo));
    expect(digest(generateDistrict('another seed', 'demo'))).not.toBe(digest(demo));
  });

  it('has one street office, about 30 base grids and about 10,000 households', () => {
    const count = (level: string) => demo.cells.filter((c) => c.level === level).length;
    expect(count('county')).toBe(1);
    expect(count('township')).toBe(1);
    expect(count('community')).toBe(5);
    expect(count('grid')).toBe(30);
    expect(demo.households.length).toBeGreaterThan(9_500);
    expect(demo.households.length).toBeLessThanOrEqual(10_000);
    expect(demo.residents.length).toBe(demo.households.reduce((s, h) => s + h.size, 0));
  });

  it('gives each base grid a few hundred households', () => {
    const buildingBlock = new Map(demo.buildings.map((b) => [b.id, b.blockId]));
    const blockGrid = new Map(demo.blocks.map((b) => [b.id, b.gridCode]));
    const perGrid = new Map<string, number>();
    for (const h of demo.households) {
      const g = blockGrid.get(buildingBlock.get(h.buildingId)!)!;
      perGrid.set(g, (perGrid.get(g) ?? 0) + 1);
    }
    expect(perGrid.size).toBe(30);
    for (const n of perGrid.values()) {
      expect(n).toBeGreaterThan(100);
      expect(n).toBeLessThan(700);
    }
  });

  it('nests codes: 12-digit division codes, 3 more digits per grid, each under its parent', () => {
    const byCode = new Map(demo.cells.map((c) => [c.code, c]));
    expect(byCode.size).toBe(demo.cells.length);
    for (const c of demo.cells) {
      expect(c.code).toMatch(/^[0-9]{12}([0-9]{3})*$/);
      if (c.level === 'grid') expect(c.code.startsWith(c.parentCode!)).toBe(true);
      if (c.parentCode) expect(byCode.has(c.parentCode)).toBe(true);
    }
  });

  it('puts every block in a base grid and names places in Chinese', () => {
    const grids = new Set(demo.cells.filter((c) => c.level === 'grid').map((c) => c.code));
    expect(demo.blocks.every((b) => grids.has(b.gridCode))).toBe(true);
    const han = /^[\u4e00-\u9fff]+$/;
    expect(demo.cells.every((c) => han.test(c.name))).toBe(true);
    expect(demo.roads.filter((r) => r.name).every((r) => han.test(r.name!))).toBe(true);
    const communityNames = demo.cells.filter((c) => c.level === 'community').map((c) => c.name);
    expect(new Set(communityNames).size).toBe(communityNames.length);
  });

  it('lays an irregular street network with arterials and a river, not a lattice', () => {
    expect(demo.waterways).toHaveLength(1);
    expect(demo.roads.some((r) => r.roadClass === 'arterial')).toBe(true);
    // Bearings of street segments, folded into 0–180°: a lattice puts nearly all in two 10° bins.
    const bins = new Array(18).fill(0);
    for (const r of demo.roads) {
      for (let i = 1; i < r.line.length; i++) {
        const [x1, y1] = r.line[i - 1]!;
        const [x2, y2] = r.line[i]!;
        const deg = ((Math.atan2(y2 - y1, (x2 - x1) * Math.cos((y1 * Math.PI) / 180)) * 180) / Math.PI + 180) % 180;
        bins[Math.floor(deg / 10) % 18]++;
      }
    }
    const total = bins.reduce((a, b) => a + b, 0);
    const topTwo = [...bins]
      .sort((a, b) => b - a)
      .slice(0, 2)
      .reduce((a, b) => a + b, 0);
    expect(topTwo / total).toBeLessThan(0.35);
  });

  it('staffs every base grid with a leader, a full-time and part-time workers', () => {
    for (const grid of demo.cells.filter((c) => c.level === 'grid')) {
      const duties = demo.assignments.filter((a) => a.gridCode === grid.code).map((a) => a.duty);
      expect(duties).toContain('grid_leader');
      expect(duties).toContain('full_time');
      expect(duties.filter((d) => d === 'part_time').length).toBeGreaterThanOrEqual(1);
      expect(grid.leaderStaffId).not.toBeNull();
    }
  });

  it('closes no ring itself and shares vertices exactly between neighbouring blocks', () => {
    const key = (p: [number, number]) => p.join(',');
    const uses = new Map<string, number>();
    for (const b of demo.blocks) {
      expect(key(b.ring[0]!)).not.toBe(key(b.ring[b.ring.length - 1]!));
      for (const p of b.ring) uses.set(key(p), (uses.get(key(p)) ?? 0) + 1);
    }
    // In a Voronoi mesh almost every interior vertex is shared by three blocks.
    const shared = [...uses.values()].filter((n) => n >= 2).length;
    expect(shared / uses.size).toBeGreaterThan(0.8);
  });
});
