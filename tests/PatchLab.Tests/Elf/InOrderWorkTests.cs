using PatchLab.Elf;

namespace PatchLab.Tests.Elf;

public class InOrderWorkTests
{
    /// <summary>
    /// Pieces are numbers; making one waits a seeded random while (so they finish out of order) and records the
    /// thread; writing appends the number.
    /// </summary>
    private sealed class Numbers(int helpersAt, int window, int seed, int? failAt = null)
        : InOrderWork<int, List<int>, Random>(helpersAt, window)
    {
        public List<int> Written { get; } = [];
        public int Texts;
        public int MostMadeAhead;
        private int _madeAhead;
        public HashSet<int> Threads { get; } = [];

        protected override List<int> NewText()
        {
            Interlocked.Increment(ref Texts);
            return [];
        }

        protected override Random NewWorker() => new(seed + Environment.CurrentManagedThreadId);

        protected override void Make(Random worker, int piece, List<int> text)
        {
            lock (Threads)
            {
                Threads.Add(Environment.CurrentManagedThreadId);
                MostMadeAhead = Math.Max(MostMadeAhead, ++_madeAhead);
            }
            Thread.Sleep(worker.Next(3));
            if (piece == failAt) throw new InvalidDataException($"piece {piece} is damaged");
            text.Add(piece);
        }

        protected override void Write(List<int> text)
        {
            lock (Threads) _madeAhead--;
            Assert.Single(text);
            Written.Add(text[0]);
            text.Clear();
        }
    }

    [Fact]
    public void Pieces_are_written_in_order_with_a_bounded_number_made_ahead()
    {
        var work = new Numbers(helpersAt: 1, window: 3, TestSeed.Value);
        work.Run(Enumerable.Range(0, 200));
        Assert.Equal(Enumerable.Range(0, 200), work.Written);
        Assert.True(work.MostMadeAhead <= 3, $"{work.MostMadeAhead} pieces made ahead of the writing (seed {TestSeed.Value})");
        Assert.True(work.Texts <= 3, $"{work.Texts} texts for a window of 3 (seed {TestSeed.Value})");
    }

    [Fact]
    public void Helpers_start_only_at_their_piece()
    {
        var few = new Numbers(helpersAt: 8, window: 4, TestSeed.Value);
        few.Run(Enumerable.Range(0, 8));
        Assert.Equal([Environment.CurrentManagedThreadId], few.Threads);
        var many = new Numbers(helpersAt: 8, window: 4, TestSeed.Value);
        many.Run(Enumerable.Range(0, 400));
        Assert.Equal(Enumerable.Range(0, 400), many.Written);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 2), Math.Min(many.Threads.Count, 2));
    }

    [Fact]
    public void A_failing_piece_is_raised_after_every_piece_before_it_is_written()
    {
        var work = new Numbers(helpersAt: 1, window: 4, TestSeed.Value, failAt: 37);
        var e = Assert.Throws<InvalidDataException>(() => work.Run(Enumerable.Range(0, 100)));
        Assert.Equal("piece 37 is damaged", e.Message);
        Assert.Equal(Enumerable.Range(0, 37), work.Written);
    }

    [Fact]
    public void A_failure_to_find_the_next_piece_is_raised_in_its_place()
    {
        static IEnumerable<int> Damaged()
        {
            for (var i = 0; i < 20; i++) yield return i;
            throw new InvalidDataException("no piece 20");
        }
        var work = new Numbers(helpersAt: 1, window: 4, TestSeed.Value);
        var e = Assert.Throws<InvalidDataException>(() => work.Run(Damaged()));
        Assert.Equal("no piece 20", e.Message);
        Assert.Equal(Enumerable.Range(0, 20), work.Written);
    }
}
