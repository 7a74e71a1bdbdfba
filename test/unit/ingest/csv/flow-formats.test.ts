import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../../src/lib/ingest/csv/csv-reader';
import { flowFormatOf } from '../../../../src/lib/ingest/csv/flow-formats';
import { FEATURES } from '../../../../src/lib/schema/schema';

const read = (text: string) => readRecords(text, { onBatch: () => {} });

describe('flow-export CSVs of other formats', () => {
  it.each([
    ['Flow ID, Src IP, Src Port, Dst IP, Dst Port, Protocol, Timestamp, Flow Duration, Tot Fwd Pkts, Tot Bwd Pkts\n1,2,3,4,5,6,7,8,9,10\n', /CICFlowMeter/],
    ['Destination Port, Flow Duration, Total Fwd Packets, Total Backward Packets\n80,1,2,3\n', /CICFlowMeter/],
    ['ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,service,duration,orig_bytes,resp_bytes,conn_state\n1,C1,1.1.1.1,1,2.2.2.2,80,tcp,http,1,1,1,SF\n', /Zeek conn\.log saved as CSV/],
    ['id,dur,proto,service,state,spkts,dpkts,sbytes,dbytes,rate,sttl,dttl,attack_cat,label\n1,0,tcp,-,FIN,1,1,1,1,1,1,1,Normal,0\n', /UNSW-NB15/],
    ['StartTime,Flgs,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,TotPkts,TotBytes\n1,e,tcp,1.1.1.1,1,->,2.2.2.2,80,CON,2,100\n', /Argus/],
  ])('refuses %s naming the format and what the app reads', async (text, name) => {
    await expect(read(text)).rejects.toThrow(name);
    await expect(read(text)).rejects.toThrow(/reads NSL-KDD connection records .* pcap \/ pcapng packet captures and Zeek conn\.log/);
  });

  it('does not take an NSL-KDD header, or one with a few extra columns, for another format', () => {
    expect(flowFormatOf(FEATURES.map((f) => f.name))).toBeNull();
    expect(flowFormatOf([...FEATURES.map((f) => f.name), 'label', 'difficulty', 'src_ip', 'dst_port'])).toBeNull();
  });
});
