namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// Uniform spatial grid over the specimen (cells of <see cref="CellUm"/> µm) listing the particles
/// whose centre lies in each cell (compressed rows: cell start offsets + particle indices), so a
/// FoV or probe query touches only nearby cells. Immutable; queries allocate nothing.
/// </summary>
public sealed class ParticleGrid
{
    private readonly int[] _cellStart; // length cells + 1
    private readonly int[] _indices;
    private readonly int _columns, _rows;

    /// <summary>Builds the grid for particles with the given centres.</summary>
    public ParticleGrid(ReadOnlySpan<Particle> particles, double widthUm, double heightUm, double cellUm)
    {
        CellUm = cellUm;
        _columns = Math.Max(1, (int)Math.Ceiling(widthUm / cellUm));
        _rows = Math.Max(1, (int)Math.Ceiling(heightUm / cellUm));
        _cellStart = new int[_columns * _rows + 1];
        for (int i = 0; i < particles.Length; i++) _cellStart[CellOf(particles[i]) + 1]++;
        for (int c = 0; c < _columns * _rows; c++) _cellStart[c + 1] += _cellStart[c];
        _indices = new int[particles.Length];
        var fill = (int[])_cellStart.Clone();
        for (int i = 0; i < particles.Length; i++) _indices[fill[CellOf(particles[i])]++] = i;
    }

    /// <summary>Cell edge length, µm.</summary>
    public double CellUm { get; }

    /// <summary>Enumerates indices of particles whose centre may lie in [x0, x1] × [y0, y1] (µm);
    /// callers test the exact geometry.</summary>
    public Enumerator Query(double x0Um, double y0Um, double x1Um, double y1Um)
    {
        int c0 = Math.Clamp((int)Math.Floor(x0Um / CellUm), 0, _columns - 1);
        int c1 = Math.Clamp((int)Math.Floor(x1Um / CellUm), 0, _columns - 1);
        int r0 = Math.Clamp((int)Math.Floor(y0Um / CellUm), 0, _rows - 1);
        int r1 = Math.Clamp((int)Math.Floor(y1Um / CellUm), 0, _rows - 1);
        bool empty = x1Um < 0 || y1Um < 0 || x0Um > _columns * CellUm || y0Um > _rows * CellUm || x1Um < x0Um || y1Um < y0Um;
        return new Enumerator(this, c0, c1, r0, empty ? r0 - 1 : r1);
    }

    private int CellOf(in Particle p)
    {
        int c = Math.Clamp((int)Math.Floor(p.XUm / CellUm), 0, _columns - 1);
        int r = Math.Clamp((int)Math.Floor(p.YUm / CellUm), 0, _rows - 1);
        return r * _columns + c;
    }

    /// <summary>Allocation-free enumerator of particle indices (use with <c>foreach</c>).</summary>
    public struct Enumerator
    {
        private readonly ParticleGrid _grid;
        private readonly int _c0, _c1, _r1;
        private int _c, _r, _pos, _end;

        internal Enumerator(ParticleGrid grid, int c0, int c1, int r0, int r1)
        {
            _grid = grid;
            _c0 = c0;
            _c1 = c1;
            _r1 = r1;
            _r = r0;
            _c = c0 - 1;
            _pos = 0;
            _end = 0;
            Current = -1;
        }

        /// <summary>Index of the current particle in the library.</summary>
        public int Current { get; private set; }

        /// <summary>This enumerator (for <c>foreach</c>).</summary>
        public readonly Enumerator GetEnumerator() => this;

        /// <summary>Advances to the next candidate.</summary>
        public bool MoveNext()
        {
            while (_pos >= _end)
            {
                if (++_c > _c1)
                {
                    _c = _c0;
                    _r++;
                }
                if (_r > _r1) return false;
                int cell = _r * _grid._columns + _c;
                _pos = _grid._cellStart[cell];
                _end = _grid._cellStart[cell + 1];
            }
            Current = _grid._indices[_pos++];
            return true;
        }
    }
}
