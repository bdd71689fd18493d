import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity.js';
import { DiscoveryRunEntity } from './discovery-run.entity.js';
import { DiscoveryThemeEntity } from './discovery-theme.entity.js';

/** A contact of a theme, with its cosine to the theme's centre. Erasing the contact removes it. */
@Entity({ name: 'discovery_theme_members' })
@Index('discovery_theme_members_run', ['runId'])
@Index('discovery_theme_members_contact', ['contactId'])
export class DiscoveryThemeMemberEntity {
  @PrimaryColumn({ name: 'theme_id', type: 'integer' })
  themeId!: number;

  @PrimaryColumn({ name: 'contact_id', type: 'bigint' })
  contactId!: string;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  @Column({ type: 'real' })
  similarity!: number;

  @ManyToOne(() => DiscoveryThemeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'theme_id', foreignKeyConstraintName: 'FK_discovery_theme_members_theme' })
  theme?: DiscoveryThemeEntity;

  @ManyToOne(() => DiscoveryRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_discovery_theme_members_run' })
  run?: DiscoveryRunEntity;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_discovery_theme_members_contact' })
  contact?: ContactEntity;
}
