// One packet queue of the crossbar switch (rtl/crossbar_switch.sv): a FIFO of DEPTH entries of W bits
// whose head is readable in the cycle (first-word fall-through). A push into a full queue is ignored;
// the switch's in_ready keeps the sender from trying.
module xbar_queue #(
    parameter int unsigned W = 8,
    parameter int unsigned DEPTH = 16,  // a power of two
    localparam int unsigned DW = (DEPTH > 1) ? $clog2(DEPTH) : 1
) (
    input  logic         clk_i,
    input  logic         rst_ni,   // asynchronous, active low
    input  logic         push_i,
    input  logic [W-1:0] data_i,
    input  logic         pop_i,    // only when count_o != 0
    output logic [  DW:0] count_o,
    output logic [W-1:0] head_o
);
  logic [W-1:0] mem[DEPTH];
  logic [DW-1:0] head_q, tail_q;
  logic [DW:0] count_q;
  logic push;

  assign push    = push_i && count_q != (DW+1)'(DEPTH);
  assign head_o  = mem[head_q];
  assign count_o = count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q  <= '0;
      tail_q  <= '0;
      count_q <= '0;
    end else begin
      if (push) tail_q <= tail_q + DW'(1);
      if (pop_i) head_q <= head_q + DW'(1);
      count_q <= count_q + (DW+1)'(push) - (DW+1)'(pop_i);
    end
  end

  // The storage has no reset (as a RAM would not); an entry is read only after it was written.
  always_ff @(posedge clk_i) begin
    if (push) mem[tail_q] <= data_i;
  end
endmodule
